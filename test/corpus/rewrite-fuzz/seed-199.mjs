"Fäz";
"¬çS+"
/*b
pnu*/"°Ç¤:"
 import 


* 
//rjjm  si﻿

as 
async
from

/*im
 dm hxa  y bz*/"";
 /*q flu 	*/
{//hxz
// h nne      u  /* n　ka */switch/*abccezn l 

 	x h *///ab n﻿dc o f
((0xEC1FE43E00000)) //z
 {/*doquhp    kduj hi*/
//	gh　inhqxve
/*v﻿ d
r　 lg	  c*/case ~((async () =>//pzs  ptb 
 //di	r eltec     c　rrt
(null))):

  


debugger;

 casethis: //aa c m/*　﻿ 　 k*///f	 mt bci  yxoa m //v nrv  vm 
	

  if

﻿ ((g)) {}  

else  for

/*lyp bq*/(;;) 

;	/*r	﻿usqppjuz 　 tzykv*/   　//p yivk//h  	ri	v
 //  s p﻿ lo tgz if (((0)))  {}     case

//lezej uh hg k k	lb
((new ((`3`))(...((/$\b\B(?:)/gisuy)), /*kink  d tv 
   ﻿*/(eval),/*  cl k hfoe   */ /*fem vd 	cs*//**/((this)).switch,
/*g  ﻿g   　ac ppdd*//* */() => (new// ﻿x　y	



//ajo pk "*²c¶"),//b 
false))):/**/ 	 /**/   

{}    const g /*ys
*//* uuay﻿　lhmvf t*/=((false));　

 case
  false:
//e fxzy　  b ﻿v
//emc cz
/*krj 
c s*/}
  for /*   a oamruats	*/// cqda  bdgfesv
(let// l
/*p	 xr xrns 	qzp k*/async
 in
 (((2e308)))) /*dz m	gt*/var r = /*bcfbklfmf
i  　p﻿*///l//i　u tn fh　g jdp d n 
 "sòæÇ", m/*abg h	q	 hat */ = //
"1e¸H@",//tqe
 p //=//i	l
 /*﻿msg  s*/2e308  /*z	vens adil  */;(--b) ?/**/ (new (!2e308)(..." 6")) //pq s//
// gj  a tfa	v   
: 2e308;
}//nv d xxc﻿pqgh  syns
/**/